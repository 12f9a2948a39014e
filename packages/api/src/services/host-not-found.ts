import { AppError } from '@standby/protocol';

export function hostNotFound(hostId: string): AppError {
  return new AppError('NOT_FOUND', `No host with id ${hostId}.`);
}

/** Listings of one host's history answer NOT_FOUND for an unknown host rather than an empty page. */
export async function assertHostExists(
  prisma: { host: { count(args: { where: { id: string } }): Promise<number> } },
  hostId: string,
): Promise<void> {
  if ((await prisma.host.count({ where: { id: hostId } })) === 0) throw hostNotFound(hostId);
}
