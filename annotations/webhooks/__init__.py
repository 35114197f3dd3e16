"""Webhooks: endpoints that admins register, events stored with the change that caused them
(an outbox), and deliveries signed per Standard Webhooks, sent and retried by the job queue."""
