import { listen } from "@certsim/service";
import { worldApi } from "./api";
import { Mailbox } from "./mailbox";
import { Phone } from "./phone";
import { BusinessRegistry } from "./registry";
import { openWorldDatabase } from "./schema";
import type { TimeSource } from "./time";

export interface WorldOptions {
  /** Port of the world's API (0 or absent: any free port). */
  port?: number;
  /** Address to listen on; loopback by default. */
  host?: string;
  /** SQLite file holding the registry, mail, texts and calls; ":memory:" (the default) keeps nothing. */
  dbPath?: string;
  time?: TimeSource;
}

export interface World {
  url: string;
  port: number;
  mail: Mailbox;
  phone: Phone;
  registry: BusinessRegistry;
  close(): Promise<void>;
}

/** Starts the world's API (business registry, mailbox and phone line) over one SQLite database. */
export async function startWorld(options: WorldOptions = {}): Promise<World> {
  const db = openWorldDatabase(options.dbPath ?? ":memory:");
  const mail = new Mailbox(db, options.time);
  const phone = new Phone(db, options.time);
  const registry = new BusinessRegistry(db, options.time);
  try {
    const server = await listen(worldApi(mail, phone, registry), options.port ?? 0, options.host ?? "127.0.0.1");
    return {
      url: server.url,
      port: server.port,
      mail,
      phone,
      registry,
      close: async () => {
        await server.close();
        if (db.open) db.close();
      },
    };
  } catch (e) {
    db.close();
    throw e;
  }
}
