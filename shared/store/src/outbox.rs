//! The outbox of security notices: items written by [`DynamoStore::commit`]
//! in the transaction of the change they tell of (so a cancelled change
//! sends nothing, and a committed one is never lost), taken by a
//! deliverer under a lease (so two deliverers do not both send, and a
//! crashed one's item is sent by the next), and deleted once sent.

use aws_sdk_dynamodb::error::SdkError;
use aws_sdk_dynamodb::operation::update_item::UpdateItemError;
use aws_sdk_dynamodb::types::AttributeValue;
use twofold_auth::notice::{Mail, OutboxMail};

use crate::item::{data, get_n_or_zero, key, n, with_data, Item};
use crate::keys::{event_sk, notice_window_sk, user_pk, MAILED_AT, OUTBOX_PK, SK, TTL};
use crate::{DynamoStore, StoreError};

/// Until when a deliverer holds an item it claimed.
const LEASE: &str = "lease_until";
/// How many times it was claimed.
const ATTEMPTS: &str = "attempts";
/// How long an item waits at most before the table's TTL drops it.
const KEPT_SECONDS: u64 = 14 * 24 * 3600;

/// An outbox item a deliverer holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claimed {
    /// The mail.
    pub mail: OutboxMail,
    /// How many times it was claimed, this one included.
    pub attempts: u64,
}

/// The outbox item of `mail`, made at `at`: a mail due later is held
/// until then as if leased, so no deliverer takes it before.
pub(crate) fn outbox_item(mail: &OutboxMail, at: u64) -> Result<Item, StoreError> {
    let mut item = with_data(OUTBOX_PK.to_owned(), mail.id.clone(), mail)?;
    item.insert(LEASE.to_owned(), n(mail.due_at));
    item.insert(ATTEMPTS.to_owned(), n(0));
    let kept_from = at.max(mail.due_at);
    item.insert(TTL.to_owned(), n(kept_from.saturating_add(KEPT_SECONDS)));
    Ok(item)
}

impl DynamoStore {
    /// Up to `limit` outbox items no deliverer holds at `now`, oldest
    /// first. Items under a lease are read and passed over page by page
    /// (a filter would count them against the page's limit, and a run of
    /// items a failing server keeps leased would hide every later one).
    pub async fn due_mails(&self, now: u64, limit: usize) -> Result<Vec<OutboxMail>, StoreError> {
        let mut due = Vec::new();
        let mut start = None;
        loop {
            let output = self
                .client
                .query()
                .table_name(&self.table)
                // Ids begin with when the mail is due: those due later
                // (tokens' expiry notices) are not read at all.
                .key_condition_expression("pk = :pk AND sk <= :due")
                .expression_attribute_values(":pk", AttributeValue::S(OUTBOX_PK.to_owned()))
                .expression_attribute_values(":due", AttributeValue::S(format!("{now:020}#~")))
                .set_exclusive_start_key(start)
                .limit(100)
                .send()
                .await
                .map_err(|e| StoreError::sdk("Query", e))?;
            for item in output.items() {
                if get_n_or_zero(Some(item), LEASE)? > now {
                    continue;
                }
                // One item that does not read (written by a newer version,
                // or damaged) must not hold back every mail after it: it
                // is logged and passed over, and its TTL ends it.
                match data(item) {
                    Ok(mail) => due.push(mail),
                    Err(error) => {
                        let id = item.get(SK).and_then(|v| v.as_s().ok());
                        tracing::error!(outbox = ?id, %error, "an outbox item does not read");
                        continue;
                    }
                }
                if due.len() >= limit {
                    return Ok(due);
                }
            }
            match output.last_evaluated_key() {
                Some(last) => start = Some(last.clone()),
                None => return Ok(due),
            }
        }
    }

    /// Takes `mail` for `lease` seconds: `None` when another deliverer
    /// holds it or it was sent already. One conditional update decides.
    pub async fn claim_mail(
        &self,
        mail: &OutboxMail,
        now: u64,
        lease: u64,
    ) -> Result<Option<Claimed>, StoreError> {
        let output = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(key(OUTBOX_PK.to_owned(), mail.id.clone())))
            .update_expression("SET #lease = :until ADD #attempts :one")
            .condition_expression("attribute_exists(pk) AND #lease <= :now")
            .expression_attribute_names("#lease", LEASE)
            .expression_attribute_names("#attempts", ATTEMPTS)
            .expression_attribute_values(":until", n(now.saturating_add(lease)))
            .expression_attribute_values(":now", n(now))
            .expression_attribute_values(":one", n(1))
            .return_values(aws_sdk_dynamodb::types::ReturnValue::AllNew)
            .send()
            .await;
        match output {
            Ok(output) => {
                let attempts = get_n_or_zero(output.attributes(), ATTEMPTS)?;
                Ok(Some(Claimed {
                    mail: mail.clone(),
                    attempts,
                }))
            }
            Err(SdkError::ServiceError(failed))
                if matches!(
                    failed.err(),
                    UpdateItemError::ConditionalCheckFailedException(_)
                ) =>
            {
                Ok(None)
            }
            Err(other) => Err(StoreError::sdk("UpdateItem", other)),
        }
    }

    /// Puts `mail` in the outbox unless an item of its id is there (a
    /// digest scheduled again by a retry).
    pub async fn schedule_mail_once(&self, mail: &OutboxMail, now: u64) -> Result<(), StoreError> {
        let written = self
            .client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(outbox_item(mail, now)?))
            .condition_expression("attribute_not_exists(pk)")
            .send()
            .await;
        match written {
            Ok(_) => Ok(()),
            Err(SdkError::ServiceError(failed))
                if matches!(
                    failed.err(),
                    aws_sdk_dynamodb::operation::put_item::PutItemError::ConditionalCheckFailedException(_)
                ) =>
            {
                Ok(())
            }
            Err(other) => Err(StoreError::sdk("PutItem", other)),
        }
    }

    /// `mail` will never be delivered (its recipient's server refused it
    /// for good): its item goes, and its log entry stays unmarked. Also the
    /// last step of [`DynamoStore::sent_mail`].
    pub async fn dropped_mail(&self, mail: &OutboxMail) -> Result<(), StoreError> {
        self.client
            .delete_item()
            .table_name(&self.table)
            .set_key(Some(key(OUTBOX_PK.to_owned(), mail.id.clone())))
            .send()
            .await
            .map_err(|e| StoreError::sdk("DeleteItem", e))?;
        Ok(())
    }

    /// True when `mail` is the one notice of its kind its account's window
    /// `window` (ending at `ends_at`) sends: the first deliverer to ask
    /// names it (one conditional update); asking again for the same mail
    /// (a retry after a crash) still says true, for any other false.
    pub async fn first_notice_of_window(
        &self,
        mail: &OutboxMail,
        kind: &str,
        window: u64,
        ends_at: u64,
    ) -> Result<bool, StoreError> {
        let pointer = key(user_pk(&mail.user_id), notice_window_sk(kind, window));
        let first = self.first_of_window(pointer, &mail.id, ends_at).await?;
        Ok(first == mail.id)
    }

    /// `mail` was sent at `now`: its item goes, and a notice's log entry
    /// says when it was mailed.
    pub async fn sent_mail(&self, mail: &OutboxMail, now: u64) -> Result<(), StoreError> {
        if let Mail::Notice { event, to: None } = &mail.mail {
            let marked = self
                .client
                .update_item()
                .table_name(&self.table)
                .set_key(Some(key(
                    user_pk(&event.user_id),
                    event_sk(event.at, &event.id),
                )))
                .update_expression("SET #mailed = :now")
                .condition_expression("attribute_exists(pk)")
                .expression_attribute_names("#mailed", MAILED_AT)
                .expression_attribute_values(":now", n(now))
                .send()
                .await;
            match marked {
                Ok(_) => {}
                // The entry is gone (retention): nothing to mark.
                Err(SdkError::ServiceError(failed))
                    if matches!(
                        failed.err(),
                        UpdateItemError::ConditionalCheckFailedException(_)
                    ) => {}
                Err(other) => return Err(StoreError::sdk("UpdateItem", other)),
            }
        }
        self.dropped_mail(mail).await
    }
}
