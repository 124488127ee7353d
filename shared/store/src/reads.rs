//! Reads: accounts, logins, sessions.

use aws_sdk_dynamodb::types::KeysAndAttributes;
use twofold_auth::{
    token::PresentedToken, AccessToken, Account, Login, PasswordHash, Session, UserId,
};

use crate::{
    item::{data, get_n, get_s, key, Item},
    keys::{
        login_pk, session_sk, token_sk, user_pk, ACCOUNT_SK, LAST_USED, LAST_USED_IP, LOGIN_SK,
        PASSWORD_HASH, SK, USER_ID, VERSION,
    },
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
    /// The copy of its password hash the login's item keeps beside it
    /// (absent on an item written before the copy was kept). The account's
    /// own hash is the one that counts: a copy that differs from it is
    /// stale.
    pub password_hash: Option<PasswordHash>,
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
        lookup_from(output.item())
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
        let (item, account) = self
            .load_beside_account(&token.user_id, session_sk(&token.hash))
            .await?;
        let session = match item {
            Some(item) => {
                let mut session = data::<Session>(&item)?;
                session.last_seen = optional_n(&item, LAST_USED)?;
                Some(session)
            }
            None => None,
        };
        Ok(session
            .zip(account)
            .filter(|(s, _)| s.token_hash == token.hash))
    }

    /// A personal access token and its account in one round trip, like
    /// [`DynamoStore::load_session`]. Expiry is the caller's to check.
    pub async fn load_token(
        &self,
        token: &PresentedToken,
    ) -> Result<Option<(AccessToken, Versioned<Account>)>, StoreError> {
        let (item, account) = self
            .load_beside_account(&token.user_id, token_sk(&token.hash))
            .await?;
        let token_found = item.as_ref().map(access_token_from).transpose()?;
        Ok(token_found
            .zip(account)
            .filter(|(t, _)| t.token_hash == token.hash))
    }

    /// The item `sk` of `user`'s partition and the account, in one
    /// strongly consistent BatchGetItem.
    async fn load_beside_account(
        &self,
        user: &UserId,
        sk: String,
    ) -> Result<(Option<Item>, Option<Versioned<Account>>), StoreError> {
        let pk = user_pk(user);
        let items = self
            .batch_get(vec![key(pk.clone(), sk), key(pk, ACCOUNT_SK)])
            .await?;
        let mut other = None;
        let mut account = None;
        for item in items {
            if get_s(&item, SK)? == ACCOUNT_SK {
                account = Some(account_from(&item)?);
            } else {
                other = Some(item);
            }
        }
        Ok((other, account))
    }

    /// The items of `keys` that exist, in one strongly consistent
    /// BatchGetItem (asked again for any DynamoDB leaves unprocessed), in
    /// no particular order.
    pub(crate) async fn batch_get(&self, keys: Vec<Item>) -> Result<Vec<Item>, StoreError> {
        let mut items: Vec<Item> = Vec::with_capacity(keys.len());
        let mut request = Some(
            KeysAndAttributes::builder()
                .set_keys(Some(keys))
                .consistent_read(true)
                .build()
                .map_err(|e| StoreError::backend("BatchGetItem", e))?,
        );
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
        Ok(items)
    }
}

/// Who a login item (or its absence) names.
pub(crate) fn lookup_from(item: Option<&Item>) -> Result<SignInLookup, StoreError> {
    let user_id = match item {
        Some(item) => Some(
            UserId::try_from(get_s(item, USER_ID)?.to_owned())
                .map_err(|e| StoreError::Malformed(e.to_string()))?,
        ),
        None => None,
    };
    let password_hash = match item.and_then(|item| item.get(PASSWORD_HASH)) {
        Some(_) => item
            .map(|item| get_s(item, PASSWORD_HASH))
            .transpose()?
            .map(|phc| PasswordHash::from_stored(phc.to_owned())),
        None => None,
    };
    Ok(SignInLookup {
        user_id,
        password_hash,
    })
}

/// A stored token, with its last use read from beside its value.
pub(crate) fn access_token_from(item: &Item) -> Result<AccessToken, StoreError> {
    let mut token = data::<AccessToken>(item)?;
    token.last_used = optional_n(item, LAST_USED)?;
    token.last_used_ip = match item.get(LAST_USED_IP) {
        Some(_) => Some(get_s(item, LAST_USED_IP)?.to_owned()),
        None => None,
    };
    Ok(token)
}

/// A number attribute that may be absent.
pub(crate) fn optional_n(item: &Item, name: &str) -> Result<Option<u64>, StoreError> {
    match item.get(name) {
        Some(_) => get_n(item, name).map(Some),
        None => Ok(None),
    }
}

fn account_from(item: &Item) -> Result<Versioned<Account>, StoreError> {
    Ok(Versioned {
        value: data(item)?,
        version: get_n(item, VERSION)?,
    })
}
