@testable import EnvlockRedaction
import EnvlockModel
import EnvlockTestSupport
import Testing

@Suite struct ConfigRedactionTests {
  struct Case: CustomTestStringConvertible, Sendable {
    var name: String
    var file: String
    var input: String
    var output: String
    var keys: [String]
    var testDescription: String { name }
  }

  static let redactor = Redactor(key: RedactorTests.keyA, home: "/home/ana")

  @Test(arguments: [
    Case(
      name: ".env by name, quoted, export, URL, comment", file: ".env",
      input: """
        # comment with DB_PASSWORD=x
        export DB_PASSWORD="swordfish"
        API_TOKEN='t0k'
        DATABASE_URL=postgres://app:pw1@db:5432/x
        PLAIN=1 # not secret
        EMPTY_SECRET=
        RANDOM=Zx81QpLr02WmTy5KvBn7Hs3DjFg9CaEu4RtYo6Ic
        """,
      output: """
        # comment with DB_PASSWORD=x
        export DB_PASSWORD="***"
        API_TOKEN='***'
        DATABASE_URL=postgres://app:***@db:5432/x
        PLAIN=1 # not secret
        EMPTY_SECRET=
        RANDOM=***
        """,
      keys: ["DB_PASSWORD", "API_TOKEN", "DATABASE_URL", "RANDOM"]),
    Case(
      name: ".env multi-line PEM", file: "prod.env",
      input: "PRIVATE_KEY=\"\(SecretFixtures.pem)\"\nNEXT=1\n",
      output: "PRIVATE_KEY=\"***\"\nNEXT=1\n", keys: ["PRIVATE_KEY"]),
    Case(
      name: "INI with sections and continuation lines", file: "pip.conf",
      input: """
        [global]
        index-url = https://ana:pw2@pypi.corp/simple
        extra-index-url =
            https://bob:pw3@mirror.corp/simple
        [auth]
        password: hunter2
        timeout = 60
        """,
      output: """
        [global]
        index-url = https://ana:***@pypi.corp/simple
        extra-index-url =
            https://bob:***@mirror.corp/simple
        [auth]
        password: ***
        timeout = 60
        """,
      keys: ["global.index-url", "global.extra-index-url", "auth.password"]),
    Case(
      name: "TOML strings, inline tables, hashes left alone", file: "pyproject.toml",
      input: """
        [tool.deploy]
        api_token = "abc123"
        db = { user = "app", password = "pw4" }
        version = "1.0"
        [[package]]
        hash = "sha256:3f1a5b7c9d0e2f4a6b8c0d1e3f5a7b9c1d3e5f7a9b0c2d4e6f8a0b1c3d5e7f9a"
        """,
      output: """
        [tool.deploy]
        api_token = "***"
        db = { user = "app", password = "***" }
        version = "1.0"
        [[package]]
        hash = "sha256:3f1a5b7c9d0e2f4a6b8c0d1e3f5a7b9c1d3e5f7a9b0c2d4e6f8a0b1c3d5e7f9a"
        """,
      keys: ["tool.deploy.api_token", "tool.deploy.db.password"]),
    Case(
      name: "YAML plain, quoted and block scalars", file: ".condarc",
      input: """
        channels:
          - defaults
        proxy_servers:
          http: http://u:pw5@proxy:8080
        token: "quoted-secret"
        private_key: |
          line one
          line two
        after: 1
        """,
      output: """
        channels:
          - defaults
        proxy_servers:
          http: http://u:***@proxy:8080
        token: "***"
        private_key: |
        ***
        after: 1
        """,
      keys: ["http", "token", "private_key"]),
    Case(
      name: "requirements: index credentials and tokens anywhere", file: "requirements.txt",
      input: """
        --extra-index-url https://__token__:pw6@gitlab.example/api/v4/simple
        git+https://ghp_Zq8Lr3Wm9Tx2Vb6Ny4Kc7Pd1Hs5Jf0Ga3Eu8@github.com/org/repo.git
        numpy==1.26.4 --hash=sha256:3f1a5b7c9d0e2f4a6b8c0d1e3f5a7b9c1d3e5f7a9b0c2d4e6f8a0b1c3d5e7f9a
        """,
      output: """
        --extra-index-url https://__token__:***@gitlab.example/api/v4/simple
        git+https://***@github.com/org/repo.git
        numpy==1.26.4 --hash=sha256:3f1a5b7c9d0e2f4a6b8c0d1e3f5a7b9c1d3e5f7a9b0c2d4e6f8a0b1c3d5e7f9a
        """,
      keys: ["line 2", "line 1"]),
  ])
  func redactsConfig(_ c: Case) {
    let (stored, records) = ConfigTextRedaction.redact(
      Array(c.input.utf8), format: ConfigFormat(path: c.file), redactor: Self.redactor)
    #expect(String(decoding: stored, as: UTF8.self) == c.output)
    #expect(Set(records.map(\.key)) == Set(c.keys))
    #expect(records.allSatisfy { $0.redaction.fingerprint?.count == 64 })
  }
}
