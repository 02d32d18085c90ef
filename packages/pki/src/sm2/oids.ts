/** Object identifiers of the GM (Chinese national) algorithms and of the X.509 pieces used with them. */
export const OID = {
  ecPublicKey: "1.2.840.10045.2.1",
  sm2Curve: "1.2.156.10197.1.301",
  sm3WithSm2: "1.2.156.10197.1.501",
  extensionRequest: "1.2.840.113549.1.9.14",
  commonName: "2.5.4.3",
  country: "2.5.4.6",
  locality: "2.5.4.7",
  state: "2.5.4.8",
  organization: "2.5.4.10",
  organizationalUnit: "2.5.4.11",
  serverAuth: "1.3.6.1.5.5.7.3.1",
  clientAuth: "1.3.6.1.5.5.7.3.2",
  caIssuers: "1.3.6.1.5.5.7.48.2",
  policyDv: "2.23.140.1.2.1",
  policyOv: "2.23.140.1.2.2",
  policyEv: "2.23.140.1.1",
} as const;
