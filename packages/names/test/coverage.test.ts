import { describe, expect, it } from "vitest";
import { coveredNames, NameError } from "../src/index";

describe("coveredNames", () => {
  it("DOM-2: a certificate bound to the apex also covers www and nothing else", () => {
    expect(coveredNames("example.com")).toEqual(["example.com", "www.example.com"]);
    expect(coveredNames("Example.CO.UK.")).toEqual(["example.co.uk", "www.example.co.uk"]);
    expect(coveredNames("dnspod.cn")).toEqual(["dnspod.cn", "www.dnspod.cn"]);
  });

  it("DOM-2: a certificate bound to www also covers the apex", () => {
    expect(coveredNames("www.example.com")).toEqual(["www.example.com", "example.com"]);
    expect(coveredNames("WWW.bücher.de")).toEqual(["www.xn--bcher-kva.de", "xn--bcher-kva.de"]);
  });

  it("DOM-2: any other name covers only itself", () => {
    expect(coveredNames("ssl.example.com")).toEqual(["ssl.example.com"]);
    expect(coveredNames("www.shop.example.com")).toEqual(["www.shop.example.com"]);
    expect(coveredNames("docs.dnspod.cn")).toEqual(["docs.dnspod.cn"]);
    expect(coveredNames("*.example.com")).toEqual(["*.example.com"]);
    expect(coveredNames("192.0.2.1")).toEqual(["192.0.2.1"]);
  });

  it("DOM-2: the apex is the primary domain, not the second-level label", () => {
    expect(coveredNames("co.example.co.uk")).toEqual(["co.example.co.uk"]);
    expect(coveredNames("www.example.co.uk")).toEqual(["www.example.co.uk", "example.co.uk"]);
  });

  it("DOM-2: a public suffix cannot be bound", () => {
    expect(() => coveredNames("co.uk")).toThrow(NameError);
  });
});
