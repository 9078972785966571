@testable import EnvlockRedaction
import EnvlockTestSupport
import Testing

@Suite struct SecretDetectorTests {
  @Test(arguments: SecretFixtures.byValue.map { $0.1 } + [SecretFixtures.pem])
  func knownFormatsAreSecretsByValue(_ value: String) {
    #expect(SecretDetector.valueReason(value) != nil)
    // Also when embedded in a longer value.
    #expect(SecretDetector.valueReason("Bearer \(value) trailing") != nil)
  }

  @Test(arguments: [
    ("MY_API_TOKEN", "name contains `TOKEN`"), ("DB_PASSWORD", "name contains `PASSWORD`"),
    ("PGPASSWD", "name contains `PASSWD`"), ("aws_secret_access_key", "name contains `SECRET`"),
    ("STRIPE_KEY", "name contains `KEY`"), ("CREDENTIALS_FILE", "name contains `CREDENTIALS`"),
    ("BASIC_AUTH", "name contains `AUTH`"), ("SESSION_COOKIE", "name contains `SESSION`"),
    ("githubToken", "name contains `TOKEN`"), ("GITHUBTOKEN", "name contains `TOKEN`"),
    ("SSL_PRIVATE", "name contains `PRIVATE`"), ("SMTP_PASS", "name contains `PASS`"),
  ])
  func secretNames(_ name: String, _ reason: String) {
    #expect(SecretDetector.nameReason(name) == reason)
  }

  @Test(arguments: [
    "PATH", "PWD", "OLDPWD", "AUTHOR", "KEYBOARD_LAYOUT", "PYTHONHASHSEED", "OMP_NUM_THREADS", "LANG",
    "MONKEY",
    "PASSAGE", "KEYWORDS",
  ])
  func ordinaryNames(_ name: String) {
    #expect(SecretDetector.nameReason(name) == nil)
  }

  @Test(arguments: [
    "/usr/local/lib/python3.11/site-packages:/home/ana/project/src",
    "en_US.UTF-8", "4", "numpy==1.26.4", "https://pypi.org/simple",
    "--hash=sha256:"
      + "3f1a5b7c9d0e2f4a6b8c0d1e3f5a7b9c1d3e5f7a9b0c2d4e6f8a0b1c3d5e7f9a",
    "rs=0:di=01;34:ln=01;36:mh=00:pi=40;33", "/opt/conda/envs/ml-training-2024/bin/python3.11",
    "postgres://db.internal:5432/orders", "550e8400-e29b-41d4-a716-446655440000",
    "ApplicationName-ServiceWorker", "x86_64-linux-gnu",
  ])
  func ordinaryValues(_ value: String) {
    #expect(SecretDetector.valueReason(value) == nil, "\(SecretDetector.find(in: value))")
  }

  @Test(arguments: [
    (SecretFixtures.url, SecretFixtures.maskedURL),
    ("https://user:p%40ss@pypi.example.com/simple/", "https://user:***@pypi.example.com/simple/"),
    ("redis://:onlypass@cache:6379/0", "redis://:***@cache:6379/0"),
    ("https://token@github.com/org/repo.git", "https://token@github.com/org/repo.git"),
    ("https://host/path?user=ana&api_key=s3cret&x=1", "https://host/path?user=ana&api_key=***&x=1"),
    ("a https://u:pw@h/x and ftp://v:pw2@h2/ b", "a https://u:***@h/x and ftp://v:***@h2/ b"),
    ("https://example.com/user@v1:2/x", "https://example.com/user@v1:2/x"),
    ("https://u:pa/ss@h/simple", "https://u:***@h/simple"),
    ("https://u:p@ss@h/simple", "https://u:***@h/simple"),
  ])
  func urlPasswordsAreMasked(_ value: String, _ masked: String) {
    #expect(URLMasking.mask(value).text == masked)
  }

  /// Rebuild outputs drop the whole userinfo, found by the same parser as the masked password.
  @Test(arguments: [
    ("https://u:pa/ss@h/simple", "https://h/simple"),
    ("https://tok@h/simple", "https://h/simple"),
    ("https://u:p%40ss@h/simple", "https://h/simple"),
    ("https://u:p@ss@h/simple", "https://h/simple"),
    ("git+ssh://git@github.com/a/b.git", "git+ssh://github.com/a/b.git"),
    (
      "index-url = https://a:b@h/s\nextra = https://t@g/s\n", "index-url = https://h/s\nextra = https://g/s\n"
    ),
    ("https://host/a@b", "https://host/a@b"),
    ("https://example.com/user@v1:2/x", "https://example.com/user@v1:2/x"),
    ("file:///tmp/x.whl", "file:///tmp/x.whl"),
  ])
  func urlCredentialsAreRemoved(_ value: String, _ expected: String) {
    let (text, removed) = URLMasking.withoutCredentials(value)
    #expect(text == expected)
    #expect(removed == (value != expected))
    #expect(URLMasking.withoutCredentials(Array(value.utf8)) == (Array(expected.utf8), value != expected))
  }
}
