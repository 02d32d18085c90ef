// One place that wires the pure-JS X.509 libraries to Node's WebCrypto.
// @peculiar/x509 relies on tsyringe decorators, which need reflect-metadata loaded first.
// pkijs finds globalThis.crypto by itself.
import "reflect-metadata";
import * as x509 from "@peculiar/x509";

x509.cryptoProvider.set(globalThis.crypto);

export { x509 };
