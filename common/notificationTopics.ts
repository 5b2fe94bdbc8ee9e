// Topics of Yoti's session notifications ({session_id, topic} POSTed to the session's endpoint):
// what a session specification may subscribe to, what the IDV service sends, and what the kiosk's
// notification receiver reads.
export const NOTIFICATION_TOPICS = [
  'RESOURCE_UPDATE',
  'TASK_COMPLETION',
  'CHECK_COMPLETION',
  'SESSION_COMPLETION',
  'CLIENT_SESSION_TOKEN_DELETED',
] as const;
export type NotificationTopic = (typeof NOTIFICATION_TOPICS)[number];

/** Topics the local service sends (it has no client-token deletion event to report). */
export const SENT_NOTIFICATION_TOPICS = [
  'RESOURCE_UPDATE',
  'TASK_COMPLETION',
  'CHECK_COMPLETION',
  'SESSION_COMPLETION',
] as const satisfies readonly NotificationTopic[];
export type SentNotificationTopic = (typeof SENT_NOTIFICATION_TOPICS)[number];
