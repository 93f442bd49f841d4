/**
 * Meta's limits on WhatsApp messages and templates — the one place they live. The message
 * validator, the template linter and the UI all read them from here.
 */
export const whatsappLimits = {
  textBody: 4096,
  mediaCaption: 1024,
  documentFilename: 240,
  interactiveBody: 1024,
  interactiveHeaderText: 60,
  interactiveFooter: 60,
  replyButtons: 3,
  replyButtonTitle: 20,
  replyButtonId: 256,
  listButtonLabel: 20,
  listSections: 10,
  listRowsTotal: 10,
  listSectionTitle: 24,
  listRowTitle: 24,
  listRowDescription: 72,
  listRowId: 200,
  productListSections: 10,
  productListItemsTotal: 30,
  bizOpaqueCallbackData: 512,
  templateHeaderText: 60,
  templateBody: 1024,
  templateFooter: 60,
  templateButtonsTotal: 10,
  templateQuickReplyLabel: 25,
  templateUrlButtons: 2,
  templatePhoneButtons: 1,
  templateCopyCodeButtons: 1,
  templateCopyCode: 15,
  templateName: 512,
} as const;

export type WhatsAppLimit = keyof typeof whatsappLimits;
