import { createHash } from "node:crypto";

/** A short, stable content hash (hex SHA-256). */
export function sha256(text: string | Uint8Array): string {
  return createHash("sha256").update(text).digest("hex");
}
