// Secret values of every format the detector knows, shared by the detector, config and CLI tests.
// None of them is real: they are made-up strings in the documented formats.

/// Made-up secrets of every format envlock detects.
public enum SecretFixtures {
  /// (label, value) pairs, each a secret by its value alone.
  public static let byValue: [(String, String)] = [
    ("AWS access key id", "AKIAZ7Q4XPLMW2N5R8TB"),
    ("AWS secret access key", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzQ9hT3vLk2"),
    ("GitHub classic token", "ghp_Zq8Lr3Wm9Tx2Vb6Ny4Kc7Pd1Hs5Jf0Ga3Eu8"),
    (
      "GitHub fine-grained token",
      "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRS"
    ),
    ("GitLab token", "glpat-x9Kq2LmP4vR7tY1wZ3bN"),
    ("Slack bot token", "xoxb-1234567890123-9876543210987-AbCdEfGhIjKlMnOpQrStUvWx"),
    (
      "JWT",
      "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyLTQyIiwiaWF0IjoxNzAwMDAwMDAwfQ.Qm9ndXNTaWduYXR1cmVGb3JUZXN0c09ubHkx"
    ),
    ("high-entropy string", "Zx81QpLr02WmTy5KvBn7Hs3DjFg9CaEu4RtYo6Ic"),
  ]

  /// A PEM private key block (multi-line); its body must never be stored.
  public static let pemBody = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj"
  /// The whole PEM block.
  public static let pem = """
    -----BEGIN PRIVATE KEY-----
    \(pemBody)
    MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKk
    -----END PRIVATE KEY-----
    """

  /// A URL with a password; only the password may disappear.
  public static let urlPassword = "Hunter2-sekrit-pw"
  /// The URL holding `urlPassword`.
  public static let url = "postgres://app:\(urlPassword)@db.internal:5432/orders"
  /// `url` as the snapshot may show it.
  public static let maskedURL = "postgres://app:***@db.internal:5432/orders"

  /// A short secret found only by its variable name.
  public static let namedSecret = "swordfish77"
}
