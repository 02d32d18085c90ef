import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Express } from "express";

export interface Listening {
  server: Server;
  port: number;
  url: string;
  close(): Promise<void>;
}

/** Listens on loopback (port 0 = any free port) and resolves once bound. */
export function listen(app: Express | ((...args: never[]) => void), port = 0, host = "127.0.0.1"): Promise<Listening> {
  return new Promise((resolve, reject) => {
    const server: Server = (app as Express).listen(port, host);
    server.once("error", reject);
    server.once("listening", () => {
      const bound = (server.address() as AddressInfo).port;
      resolve({
        server,
        port: bound,
        url: `http://${host}:${bound}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
