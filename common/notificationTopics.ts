// Topics of Yoti's session notifications ({session_id, topic} POSTed to the session's endpoint):
// what a session specification may subscribe to, what the IDV service sends, and what the kiosk's
// notification receiver reads.
export const NOTIFICATION_TOPICS = [
  'RESOURCE_UPDATE',
  'TASK_COMPLETION',
  'CHECK_COMPLETION',
  'SESSION_COMPLETION',
  'CLIENT_SESSION_TOKEN_DELETED',
  // In-Branch Verification (developers.yoti.com in-branch-verification).
  'NEW_PDF_SUPPLIED',
  'INSTRUCTIONS_EMAIL_REQUESTED',
  'THANK_YOU_EMAIL_REQUESTED',
  'FIRST_BRANCH_VISIT',
] as const;
export type NotificationTopic = (typeof NOTIFICATION_TOPICS)[number];

/** Topics the local service sends. */
export const SENT_NOTIFICATION_TOPICS = [
  'RESOURCE_UPDATE',
  'TASK_COMPLETION',
  'CHECK_COMPLETION',
  'SESSION_COMPLETION',
  'CLIENT_SESSION_TOKEN_DELETED',
  'NEW_PDF_SUPPLIED',
  'INSTRUCTIONS_EMAIL_REQUESTED',
  'THANK_YOU_EMAIL_REQUESTED',
  'FIRST_BRANCH_VISIT',
] as const satisfies readonly NotificationTopic[];
export type SentNotificationTopic = (typeof SENT_NOTIFICATION_TOPICS)[number];

/** IBV topics: a session that names no topics gets them only when it is an IBV session. */
export const IBV_NOTIFICATION_TOPICS = [
  'NEW_PDF_SUPPLIED',
  'INSTRUCTIONS_EMAIL_REQUESTED',
  'THANK_YOU_EMAIL_REQUESTED',
  'FIRST_BRANCH_VISIT',
] as const satisfies readonly SentNotificationTopic[];
