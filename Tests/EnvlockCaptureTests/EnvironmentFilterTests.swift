@testable import EnvlockCapture
import EnvlockRedaction
import Testing

@Suite struct EnvironmentFilterTests {
  @Test func environmentFilterAndNoise() {
    let env = [
      "TERM": "xterm", "SSH_CONNECTION": "1.2.3.4", "XDG_SESSION_ID": "3", "_": "/usr/bin/env", "SHLVL": "2",
      "LANG": "C.UTF-8", "OMP_NUM_THREADS": "4", "AWS_PROFILE": "dev", "ENVLOCK_REDACTION_KEY": "k",
      "TEAM_KEY": "k2", "DATA": "/home/ana/d",
    ]
    let r = Redactor(key: nil, home: "/home/ana")
    let names = { (f: EnvironmentFilter) in
      EnvironmentProbe.capture(env, filter: f, redactor: r, keyVariable: "TEAM_KEY").map(\.name)
    }
    #expect(names(EnvironmentFilter()) == ["AWS_PROFILE", "DATA", "LANG", "OMP_NUM_THREADS"])
    #expect(
      names(EnvironmentFilter(include: ["TERM", "SSH_*"], exclude: ["AWS_*", "SSH_CONNECTION"]))
        == ["DATA", "LANG", "OMP_NUM_THREADS", "TERM"])
    let data = EnvironmentProbe.capture(env, filter: EnvironmentFilter(), redactor: r).first {
      $0.name == "DATA"
    }
    #expect(data?.value == "~/d")
  }
}
