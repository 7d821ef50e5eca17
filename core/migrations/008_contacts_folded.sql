-- Contacts in one form (issue 14; core/text/contact.hpp): what was stored before is folded where it can be. A
-- contact that is neither an e-mail address nor a phone number stays as it was written, for staff to read.
UPDATE invitees SET contact = fold_contact(contact) WHERE fold_contact(contact) IS NOT NULL;
UPDATE departments SET contact = fold_contact(contact) WHERE fold_contact(contact) IS NOT NULL;
UPDATE departments SET supervisor_contact = fold_contact(supervisor_contact)
 WHERE fold_contact(supervisor_contact) IS NOT NULL;
UPDATE interpretation_comments SET contact = fold_contact(contact) WHERE fold_contact(contact) IS NOT NULL;

-- Registrations: the key that refuses a second live registration becomes the folded contact. Two live
-- registrations for one event whose contacts fold alike were one person registered twice under two spellings:
-- both are kept (none is lost), the later with a key of its own, so staff see them side by side.
UPDATE registrations SET contact_key = contact_key || '#' || id
 WHERE status <> 'cancelled' AND fold_contact(contact) IS NOT NULL
   AND EXISTS (SELECT 1 FROM registrations earlier
                WHERE earlier.event_id = registrations.event_id AND earlier.id < registrations.id
                  AND earlier.status <> 'cancelled' AND fold_contact(earlier.contact) = fold_contact(registrations.contact));
UPDATE registrations SET contact = fold_contact(contact),
                         contact_key = CASE WHEN instr(contact_key, '#') > 0 THEN contact_key ELSE fold_contact(contact) END
 WHERE fold_contact(contact) IS NOT NULL;
