// The confirmation letter (OV-1, SM-2): the template to download, and the upload judged by content and forwarded
// to the CA. Letters are larger than any other request, so their route parses its own body (LETTER_BODY_LIMIT).
import type { Service } from "@certsim/service";
import { z } from "zod";
import type { ConfirmLetters } from "../orders/confirm-letter";
import { STATUS_NAMES } from "../orders/status";
import { accountOf } from "./auth";

/** 1.4 MB as base64 plus the JSON around it. */
export const LETTER_BODY_LIMIT = "2mb";
export const LETTER_PATH = "/v1/certificates/:CertificateId/confirm-letter";

const idParam = (params: Record<string, string>) => params.CertificateId ?? "";

export function letterRoutes(service: Service, letters: ConfirmLetters): void {
  service.route(
    "get",
    `${LETTER_PATH}/template`,
    {
      summary:
        "DownloadConfirmLetterTemplate: the confirmation letter to print, sign, seal and scan (OV-1); base64 text naming the organisation, domains and order",
    },
    ({ params }, _req, res) => letters.template(accountOf(res), idParam(params)),
  );

  service.route(
    "post",
    LETTER_PATH,
    {
      summary:
        "UploadConfirmLetter: the signed letter as base64; type judged by content — international JPG/PNG/PDF 1 KB–1.4 MB, replaceable during review (OV-1); GM JPG/GIF/PDF ≤ 1.4 MB, once (SM-2)",
      body: z.strictObject({
        LetterContent: z.string().min(1).max(2_000_000),
        FileName: z
          .string()
          .trim()
          .min(1)
          .max(255)
          // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
          .regex(/^[^/\\\u0000-\u001f]+$/, "is a file name without folders or control characters"),
      }),
    },
    async ({ params, body }, _req, res) => {
      const { cert, type, size, uploads } = await letters.upload(accountOf(res), idParam(params), body);
      return {
        CertificateId: cert.id,
        Status: cert.status,
        StatusName: STATUS_NAMES[cert.status],
        StatusMsg: cert.subStatus ?? "",
        LetterType: type.toUpperCase(),
        LetterSize: size,
        Uploads: uploads,
      };
    },
  );
}
