// Topics of Yoti's session notifications ({session_id, topic} POSTed to the session's endpoint):
// what a session specification may subscribe to, what the IDV service sends, and what the kiosk's
// notification receiver reads.

/**
 * In-Branch Verification's topics (developers.yoti.com in-branch-verification): a session that
 * names no topics gets them only when it is an IBV session.
 */
export const IBV_NOTIFICATION_TOPICS = [
  'NEW_PDF_SUPPLIED',
  'INSTRUCTIONS_EMAIL_REQUESTED',
  'THANK_YOU_EMAIL_REQUESTED',
  'FIRST_BRANCH_VISIT',
] as const;

export const NOTIFICATION_TOPICS = [
  'RESOURCE_UPDATE',
  'TASK_COMPLETION',
  'CHECK_COMPLETION',
  'SESSION_COMPLETION',
  'CLIENT_SESSION_TOKEN_DELETED',
  ...IBV_NOTIFICATION_TOPICS,
] as const;
export type NotificationTopic = (typeof NOTIFICATION_TOPICS)[number];

/** Topics the local service sends: every one of them. */
export const SENT_NOTIFICATION_TOPICS: typeof NOTIFICATION_TOPICS = NOTIFICATION_TOPICS;
export type SentNotificationTopic = (typeof SENT_NOTIFICATION_TOPICS)[number];
