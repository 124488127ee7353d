//! The authentication Lambda function: SignUp, SignIn, Verify2FACode,
//! SignOut, CheckPassword.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    twofold_functions::lambda::run(twofold_functions::http::authentication_router).await
}
