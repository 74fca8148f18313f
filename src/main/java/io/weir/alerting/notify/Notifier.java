package io.weir.alerting.notify;

/**
 * Sends one notification to one receiver, once. Blocks the calling thread for at most the
 * receiver's timeout; never throws for a failed delivery, it says how it failed instead.
 */
public interface Notifier {

    SendResult send(Notification notification);
}
