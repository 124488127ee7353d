//! The account's sessions and personal access tokens, listed; the
//! once-a-minute record of their last use; every account (operators).

use twofold_auth::{AccessToken, Session, UserId};

use crate::{
    item::{data, get_s, key, n, s, Item},
    keys::{
        session_sk, token_sk, user_pk, ACCOUNT_SK, LAST_USED, LAST_USED_IP, PK, SESSION_PREFIX, SK,
        TOKEN_PREFIX, TTL,
    },
    reads::{access_token_from, optional_n},
    DynamoStore, StoreError,
};

/// Most tokens one listing reads (an account holds at most 50, and expired
/// ones for 30 days).
const MAX_TOKENS_LISTED: usize = 1000;

impl DynamoStore {
    /// Every session of `user` that has not expired by `now` (the caller
    /// checks the rest: epoch, idleness), however many there are: every
    /// page is read, so sessions a password holder piles up cannot hide
    /// the owner's. Expired ones (which TTL deletes late) are left out by
    /// the store itself.
    pub async fn sessions(&self, user: &UserId, now: u64) -> Result<Vec<Session>, StoreError> {
        self.partition_items(user, SESSION_PREFIX, None, Some(now))
            .await?
            .iter()
            .map(|item| {
                let mut session = data::<Session>(item)?;
                session.last_seen = optional_n(item, LAST_USED)?;
                Ok(session)
            })
            .collect()
    }

    /// Every stored personal access token of `user`, expired ones too.
    pub async fn tokens(&self, user: &UserId) -> Result<Vec<AccessToken>, StoreError> {
        self.partition_items(user, TOKEN_PREFIX, Some(MAX_TOKENS_LISTED), None)
            .await?
            .iter()
            .map(access_token_from)
            .collect()
    }

    /// Records that `session` was used at `now`: one conditional write, made
    /// only when the stored last use is a minute old (the caller checks
    /// that first, so most calls write nothing). Returns false when another
    /// request recorded it first or the session is gone.
    pub async fn touch_session(&self, session: &Session, now: u64) -> Result<bool, StoreError> {
        self.touch(
            user_pk(&session.user_id),
            session_sk(&session.token_hash),
            now,
            None,
        )
        .await
    }

    /// Records that `token` was used at `now` from `ip`, as
    /// [`DynamoStore::touch_session`] does.
    pub async fn touch_token(
        &self,
        token: &AccessToken,
        now: u64,
        ip: Option<&str>,
    ) -> Result<bool, StoreError> {
        self.touch(
            user_pk(&token.user_id),
            token_sk(&token.token_hash),
            now,
            ip,
        )
        .await
    }

    async fn touch(
        &self,
        pk: String,
        sk: String,
        now: u64,
        ip: Option<&str>,
    ) -> Result<bool, StoreError> {
        let cutoff = now.saturating_sub(twofold_auth::session::LAST_USE_INTERVAL);
        let mut update = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(key(pk, sk)))
            .condition_expression(
                "attribute_exists(#pk) AND (attribute_not_exists(#used) OR #used <= :cutoff)",
            )
            .expression_attribute_names("#pk", PK)
            .expression_attribute_names("#used", LAST_USED)
            .expression_attribute_values(":now", n(now))
            .expression_attribute_values(":cutoff", n(cutoff));
        update = match ip {
            Some(ip) => update
                .update_expression("SET #used = :now, #ip = :ip")
                .expression_attribute_names("#ip", LAST_USED_IP)
                .expression_attribute_values(":ip", s(ip)),
            None => update.update_expression("SET #used = :now"),
        };
        match update.send().await {
            Ok(_) => Ok(true),
            Err(error)
                if error
                    .as_service_error()
                    .is_some_and(|e| e.is_conditional_check_failed_exception()) =>
            {
                Ok(false)
            }
            Err(error) => Err(StoreError::sdk("UpdateItem", error)),
        }
    }

    /// Every account's id, by scanning the table (operators' tools only:
    /// it reads the whole table).
    pub async fn all_accounts(&self) -> Result<Vec<UserId>, StoreError> {
        let mut ids = Vec::new();
        let mut start: Option<Item> = None;
        loop {
            let output = self
                .client
                .scan()
                .table_name(&self.table)
                .filter_expression("#sk = :account")
                .expression_attribute_names("#sk", SK)
                .expression_attribute_values(":account", s(ACCOUNT_SK))
                .consistent_read(true)
                .set_exclusive_start_key(start.take())
                .send()
                .await
                .map_err(|e| StoreError::sdk("Scan", e))?;
            for item in output.items() {
                let pk = get_s(item, PK)?;
                let id = pk
                    .strip_prefix("USER#")
                    .and_then(|id| UserId::try_from(id.to_owned()).ok())
                    .ok_or_else(|| StoreError::Malformed(format!("account key {pk}")))?;
                ids.push(id);
            }
            match output.last_evaluated_key() {
                Some(last) if !last.is_empty() => start = Some(last.clone()),
                _ => break,
            }
        }
        Ok(ids)
    }

    /// The items of `user`'s partition whose sort key starts with `prefix`,
    /// every page (up to `most` items when given); with `live_at`, only
    /// those whose expiry is later.
    async fn partition_items(
        &self,
        user: &UserId,
        prefix: &str,
        most: Option<usize>,
        live_at: Option<u64>,
    ) -> Result<Vec<Item>, StoreError> {
        let mut items = Vec::new();
        let mut start: Option<Item> = None;
        loop {
            let mut query = self
                .client
                .query()
                .table_name(&self.table)
                .key_condition_expression("#pk = :pk AND begins_with(#sk, :prefix)")
                .expression_attribute_names("#pk", PK)
                .expression_attribute_names("#sk", SK)
                .expression_attribute_values(":pk", s(user_pk(user)))
                .expression_attribute_values(":prefix", s(prefix))
                .consistent_read(true)
                .set_exclusive_start_key(start.take());
            if let Some(now) = live_at {
                query = query
                    .filter_expression("#ttl > :now")
                    .expression_attribute_names("#ttl", TTL)
                    .expression_attribute_values(":now", n(now));
            }
            let output = query
                .send()
                .await
                .map_err(|e| StoreError::sdk("Query", e))?;
            items.extend(output.items().iter().cloned());
            let more = most.is_none_or(|most| items.len() < most);
            match output.last_evaluated_key() {
                Some(last) if more && !last.is_empty() => start = Some(last.clone()),
                _ => break,
            }
        }
        if let Some(most) = most {
            items.truncate(most);
        }
        Ok(items)
    }
}
