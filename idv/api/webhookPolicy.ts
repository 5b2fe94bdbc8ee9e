// Where session notifications may go. Yoti posts only over https; the local service also posts
// plain http to this machine (a relying party's test backend), but never to link-local or cloud
// metadata addresses, so a session cannot make the service probe them. The host is checked as
// written: a name that resolves to such an address is not caught here.
export const WEBHOOK_RULE =
  'must be https, or http to a loopback host (127.0.0.0/8, ::1, localhost); link-local and cloud metadata addresses are refused';

const METADATA_HOSTS = new Set(['metadata.google.internal', 'metadata', 'instance-data', '100.100.100.200']);

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}

function isLinkLocal(host: string): boolean {
  // 169.254.0.0/16 holds the AWS/GCP/Azure metadata address; fe80::/10 and fd00:ec2::254 the IPv6 ones.
  return /^169\.254\.\d{1,3}\.\d{1,3}$/.test(host) || /^\[fe[89ab][0-9a-f]:/i.test(host) || /^\[fd00:ec2::254\]$/i.test(host);
}

/** Whether a notification endpoint is one this service will POST to. */
export function webhookAllowed(endpoint: string): boolean {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return false;
  }
  const host = url.hostname.toLowerCase();
  if (isLinkLocal(host) || METADATA_HOSTS.has(host) || host.endsWith('.internal')) return false;
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && isLoopback(host);
}

