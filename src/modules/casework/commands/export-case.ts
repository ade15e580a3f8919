import type { Readable } from 'node:stream';
import yazl from 'yazl';
import type { Kernel } from '../../../kernel/kernel.ts';
import { appendFileEntry, listDocuments, listFileEntries, listRfis, type CaseRecord } from '../db/cases.ts';
import { renderPdf, type PdfBlock } from '../../../kernel/pdf/render.ts';
import { formatDate, formatMoney } from '../presenters/format.ts';
import { formatDateTime } from '../../../kernel/i18n/format.ts';
import { inTransaction } from '../../../kernel/db/database.ts';
import type { StaffActor } from './shared.ts';

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

function safeName(n: string): string {
  return n.replace(/[^\wäöüÄÖÜß.-]+/g, '_').slice(0, 100) || 'datei';
}

/**
 * The complete case file as a ZIP: manifest.json (case data, every file entry in order,
 * documents with SHA-256), akte.pdf (the file as a readable, tagged PDF) and every document.
 * The export itself is recorded in the file and the audit log.
 */
export async function exportCaseZip(kernel: Kernel, actor: StaffActor, c: CaseRecord): Promise<Buffer> {
  const now = kernel.clock.now();
  await inTransaction(kernel.db.pool, async (client) => {
    await appendFileEntry(client, {
      caseId: c.id,
      at: now,
      kind: 'exported',
      actorId: actor.accountId,
      actorLabel: actor.displayName,
      visibility: 'internal',
    });
    await kernel.audit.record(
      {
        actorId: actor.accountId,
        action: 'casework.exported',
        objectType: 'case',
        objectId: c.id,
        tenantId: c.tenantId,
        after: { reference: c.reference },
        requestId: actor.requestId ?? null,
      },
      client,
    );
  });
  const [entries, docs, rfis] = await Promise.all([
    listFileEntries(kernel.db.pool, c.id),
    listDocuments(kernel.db.pool, c.id),
    listRfis(kernel.db.pool, c.id),
  ]);
  const zip = new yazl.ZipFile();
  const docFiles: {
    id: string;
    kind: string;
    filename: string;
    path: string | null;
    sha256: string;
    size: number;
    mediaType: string;
  }[] = [];
  let n = 0;
  for (const d of docs) {
    n++;
    const opened = await kernel.files.open(d.fileId);
    const path = opened ? `dokumente/${String(n).padStart(2, '0')}-${safeName(d.filename)}` : null;
    if (opened && path) zip.addBuffer(await readAll(opened.stream), path, { mtime: d.createdAt });
    docFiles.push({
      id: d.id,
      kind: d.kind,
      filename: d.filename,
      path,
      sha256: d.sha256,
      size: d.size,
      mediaType: d.mediaType,
    });
  }
  const manifest = {
    format: 'openkreis.casework.export/1',
    exportedAt: now.toISOString(),
    exportedBy: actor.displayName,
    case: {
      id: c.id,
      reference: c.reference,
      service: { slug: c.serviceSlug, title: c.serviceTitle },
      tenantId: c.tenantId,
      orgUnitId: c.orgUnitId,
      applicant: { name: c.applicantName, email: c.applicantEmail, accountId: c.applicantAccountId },
      form: { slug: c.formSlug, version: c.formVersion },
      data: c.data,
      summary: c.summary,
      status: c.status,
      decision: c.decision,
      priority: c.priority,
      assignee: c.assigneeName,
      submittedAt: c.submittedAt.toISOString(),
      dueAt: c.dueAt.toISOString(),
      closedAt: c.closedAt?.toISOString() ?? null,
      payment: {
        status: c.paymentStatus,
        amountCents: c.paymentAmountCents,
        kassenzeichen: c.kassenzeichen,
        provider: c.paymentProvider,
      },
    },
    requestsForInformation: rfis.map((r) => ({
      question: r.question,
      askedAt: r.askedAt.toISOString(),
      answer: r.answer,
      answeredAt: r.answeredAt?.toISOString() ?? null,
    })),
    entries: entries.map((e) => ({
      seq: e.id,
      at: e.at.toISOString(),
      kind: e.kind,
      actor: e.actorLabel,
      visibility: e.visibility,
      data: e.data,
    })),
    documents: docFiles,
  };
  const blocks: PdfBlock[] = [
    { type: 'h1', text: `Elektronische Akte ${c.reference}` },
    {
      type: 'p',
      text: `${c.serviceTitle}\nAntragsteller/in: ${c.applicantName ?? '–'}\nEingegangen: ${formatDate('de', c.submittedAt)}\nStatus: ${c.status}${c.decision ? ` (${c.decision})` : ''}\nGebühr: ${formatMoney('de', c.paymentAmountCents)} (${c.paymentStatus})`,
    },
    { type: 'h2', text: 'Angaben' },
    { type: 'list', items: c.summary.length ? c.summary.map((s) => `${s.label}: ${s.value}`) : ['–'] },
    { type: 'h2', text: 'Verlauf' },
    {
      type: 'list',
      items: entries.map(
        (e) =>
          `${formatDateTime('de', e.at)} – ${e.kind}${e.actorLabel ? ` – ${e.actorLabel}` : ''}${typeof e.data.text === 'string' ? `: ${e.data.text}` : ''}${typeof e.data.question === 'string' ? `: ${e.data.question}` : ''}${typeof e.data.reason === 'string' && e.data.reason ? `: ${e.data.reason}` : ''}`,
      ),
    },
    { type: 'h2', text: 'Dokumente' },
    {
      type: 'list',
      items: docFiles.length ? docFiles.map((d) => `${d.filename} (${d.kind}, SHA-256 ${d.sha256})`) : ['–'],
    },
  ];
  const akte = await renderPdf({ title: `Akte ${c.reference}`, author: c.tenantId, blocks, createdAt: now });
  zip.addBuffer(akte, 'akte.pdf', { mtime: now });
  zip.addBuffer(Buffer.from(JSON.stringify(manifest, null, 2), 'utf8'), 'manifest.json', { mtime: now });
  zip.end();
  return readAll(zip.outputStream as unknown as Readable);
}
