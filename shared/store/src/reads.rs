//! Reads: accounts, logins, sessions.

use aws_sdk_dynamodb::types::KeysAndAttributes;
use twofold_auth::{token::PresentedToken, Account, Login, Session, UserId};

use crate::{
    item::{data, get_n, get_s, key, Item},
    keys::{login_pk, session_sk, user_pk, ACCOUNT_SK, LOGIN_SK, SK, USER_ID, VERSION},
    DynamoStore, StoreError,
};

/// A value with the version it was stored under, for optimistic locking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Versioned<T> {
    /// The value.
    pub value: T,
    /// Its version; a write expecting another version fails with a conflict.
    pub version: u64,
}

/// Who a login belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignInLookup {
    /// The account, if the login exists.
    pub user_id: Option<UserId>,
}

impl DynamoStore {
    /// The account id a login belongs to (one GetItem).
    pub async fn find_login(&self, login: &Login) -> Result<SignInLookup, StoreError> {
        let output = self
            .client
            .get_item()
            .table_name(&self.table)
            .set_key(Some(key(login_pk(login), LOGIN_SK)))
            .consistent_read(true)
            .send()
            .await
            .map_err(|e| StoreError::sdk("GetItem", e))?;
        let user_id = match output.item() {
            Some(item) => Some(
                UserId::try_from(get_s(item, USER_ID)?.to_owned())
                    .map_err(|e| StoreError::Malformed(e.to_string()))?,
            ),
            None => None,
        };
        Ok(SignInLookup { user_id })
    }

    /// An account with its version (one GetItem, strongly consistent).
    pub async fn load_account(
        &self,
        user: &UserId,
    ) -> Result<Option<Versioned<Account>>, StoreError> {
        let output = self
            .client
            .get_item()
            .table_name(&self.table)
            .set_key(Some(key(user_pk(user), ACCOUNT_SK)))
            .consistent_read(true)
            .send()
            .await
            .map_err(|e| StoreError::sdk("GetItem", e))?;
        output.item().map(account_from).transpose()
    }

    /// A session and its account in one round trip (BatchGetItem, strongly
    /// consistent): the token names the account, so both keys are known.
    /// `None` when either is missing. Expiry and epoch are the caller's to
    /// check.
    pub async fn load_session(
        &self,
        token: &PresentedToken,
    ) -> Result<Option<(Session, Versioned<Account>)>, StoreError> {
        let pk = user_pk(&token.user_id);
        let mut request = Some(
            KeysAndAttributes::builder()
                .keys(key(pk.clone(), session_sk(&token.hash)))
                .keys(key(pk, ACCOUNT_SK))
                .consistent_read(true)
                .build()
                .map_err(|e| StoreError::backend("BatchGetItem", e))?,
        );
        let mut items: Vec<Item> = Vec::with_capacity(2);
        // DynamoDB may return keys unprocessed under load; ask again for them.
        for _ in 0..5 {
            let Some(keys) = request.take() else { break };
            let output = self
                .client
                .batch_get_item()
                .request_items(&self.table, keys)
                .send()
                .await
                .map_err(|e| StoreError::sdk("BatchGetItem", e))?;
            if let Some(found) = output.responses().and_then(|r| r.get(&self.table)) {
                items.extend(found.iter().cloned());
            }
            request = output
                .unprocessed_keys()
                .and_then(|u| u.get(&self.table))
                .filter(|k| !k.keys().is_empty())
                .cloned();
        }
        if request.is_some() {
            return Err(StoreError::Backend {
                operation: "BatchGetItem",
                message: "keys left unprocessed after retries".to_owned(),
            });
        }
        let mut session = None;
        let mut account = None;
        for item in &items {
            if get_s(item, SK)? == ACCOUNT_SK {
                account = Some(account_from(item)?);
            } else {
                session = Some(data::<Session>(item)?);
            }
        }
        Ok(session
            .zip(account)
            .filter(|(s, _)| s.token_hash == token.hash))
    }
}

fn account_from(item: &Item) -> Result<Versioned<Account>, StoreError> {
    Ok(Versioned {
        value: data(item)?,
        version: get_n(item, VERSION)?,
    })
}
