import type { MessageStatus } from "@prisma/client";
import { describe, expect, it } from "vitest";
import { nextMessageStatus, providerStatus, statusesAdvancedBy, statusesBeforeSent } from "~/domain/message-status";

const play = (start: MessageStatus, ...statuses: string[]) =>
  statuses.reduce<MessageStatus>((current, status) => nextMessageStatus(current, providerStatus(status)!), start);

describe("message statuses move forward only", () => {
  it("sent, delivered, read in order", () => {
    expect(play("SENDING", "sent", "delivered", "read")).toBe("READ");
  });

  it("read before delivered stays read", () => {
    expect(play("SENDING", "sent", "read", "delivered")).toBe("READ");
  });

  it("delivered skipped altogether still reaches read", () => {
    expect(play("SENDING", "read")).toBe("READ");
  });

  it("delivered after failed stays failed", () => {
    expect(play("SENDING", "sent", "failed", "delivered", "read")).toBe("FAILED");
  });

  it("a failure reported after delivery does not undo it", () => {
    expect(play("SENDING", "delivered", "failed")).toBe("DELIVERED");
  });

  it("a duplicate status changes nothing", () => {
    expect(play("SENDING", "delivered", "delivered", "sent")).toBe("DELIVERED");
  });

  it("a status proves a message we had given up on went out", () => {
    expect(play("DEAD", "sent")).toBe("SENT");
  });

  it("played counts as read; unknown words are not statuses", () => {
    expect(providerStatus("played")).toBe("READ");
    expect(providerStatus("deleted")).toBeUndefined();
  });

  it("cancelled and skipped messages stay as they are", () => {
    expect(play("CANCELLED", "sent")).toBe("CANCELLED");
    expect(play("SKIPPED", "read")).toBe("SKIPPED");
  });
});

describe("a successful send", () => {
  it("moves only a message not yet sent to SENT: a status that came first is kept", () => {
    expect(statusesBeforeSent).toEqual(["PENDING", "SENDING", "DEAD"]);
  });

  it("lets a status move a message on only from what precedes it: a failure never undoes a delivery", () => {
    expect(statusesAdvancedBy("READ")).toEqual(["PENDING", "SENDING", "DEAD", "SENT", "DELIVERED"]);
    expect(statusesAdvancedBy("FAILED")).toEqual(["PENDING", "SENDING", "DEAD", "SENT"]);
  });
});
