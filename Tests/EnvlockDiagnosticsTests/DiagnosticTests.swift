// An error, its chain of causes and one hint, laid out in uv's layout.

import EnvlockDiagnostics
import Testing

/// A test error: a message, maybe a hint, maybe an underlying error.
private struct Layer: DiagnosticError {
  let message: String
  var hint: String? = nil
  var underlying: (any Error)? = nil
}

/// An error that is not a `DiagnosticError`.
private struct Foreign: Error, CustomStringConvertible {
  var description: String { "foreign failure" }
}

/// Three errors, each wrapping the next: message + two levels of cause.
private func chain(outerHint: String?, middleHint: String?, innerHint: String?) -> Layer {
  Layer(
    message: "Cannot read the snapshot `s.envlock`", hint: outerHint,
    underlying: Layer(
      message: "`s.envlock` member `envlock.json` is invalid", hint: middleHint,
      underlying: Layer(message: "Invalid JSON at line 1, column 1: expected a value", hint: innerHint)))
}

@Suite struct DiagnosticTests {
  @Test func messageTwoCausesAndHintArePrintedOnceInOrder() {
    let error = chain(outerHint: "pass an `.envlock` archive", middleHint: nil, innerHint: "fix the JSON")
    #expect(
      Diagnostic(error).rendered(prefix: "error: ") == """
        error: Cannot read the snapshot `s.envlock`
          caused by: `s.envlock` member `envlock.json` is invalid
          caused by: Invalid JSON at line 1, column 1: expected a value

        hint: pass an `.envlock` archive
        """)
  }

  struct HintCase: Sendable, CustomTestStringConvertible {
    let name: String
    let hints: [String?]  // outer, middle, inner
    let override: String?  // for the middle error
    let expected: String?
    var testDescription: String { name }
  }

  /// One hint at most: the command line's for an error of the chain, else the outermost error's own.
  @Test(arguments: [
    HintCase(
      name: "the outer hint wins", hints: ["outer", "middle", "inner"], override: nil, expected: "outer"),
    HintCase(
      name: "an inner hint when outer has none", hints: [nil, nil, "inner"], override: nil, expected: "inner"),
    HintCase(name: "no hint at all", hints: [nil, nil, nil], override: nil, expected: nil),
    HintCase(
      name: "an override replaces its error's hint", hints: [nil, "middle", nil], override: "flag",
      expected: "flag"),
    HintCase(
      name: "an outer hint beats an inner override", hints: ["outer", nil, nil], override: "flag",
      expected: "outer"),
  ])
  func oneHint(_ c: HintCase) {
    let error = chain(outerHint: c.hints[0], middleHint: c.hints[1], innerHint: c.hints[2])
    let diagnostic = Diagnostic(error) { layer in
      (layer as? Layer)?.message.hasPrefix("`s.envlock` member") == true ? c.override : nil
    }
    #expect(diagnostic.hint == c.expected)
    let text = diagnostic.rendered(prefix: "error: ")
    #expect(text.ranges(of: "hint:").count == (c.expected == nil ? 0 : 1), "\(text)")
    #expect(text.ranges(of: "error:").count == 1, "\(text)")
  }

  @Test func descriptionIsTheRenderingWithoutPrefix() {
    let error = chain(outerHint: nil, middleHint: "middle", innerHint: nil)
    #expect(error.description == Diagnostic(error).rendered())
    #expect(error.description.hasPrefix("Cannot read the snapshot `s.envlock`\n  caused by: "))
    #expect(error.description.hasSuffix("\n\nhint: middle"))
  }

  @Test func anErrorWithoutCauseOrHintIsItsMessage() {
    let error = Layer(message: "`x` already exists")
    #expect(error.description == "`x` already exists")
    #expect(Diagnostic(error).rendered(prefix: "error: ") == "error: `x` already exists")
  }

  @Test func foreignErrorsEndTheChainWithTheirDescription() {
    let error = Layer(message: "Cannot write `out`", underlying: Foreign())
    #expect(Diagnostic(error).causes == ["foreign failure"])
    #expect(Diagnostic(error, describe: { _ in "described" }).causes == ["described"])
    #expect(Diagnostic(Foreign()).rendered(prefix: "error: ") == "error: foreign failure")
  }

  @Test func summaryJoinsTheChainOnOneLine() {
    let error = chain(outerHint: "h", middleHint: nil, innerHint: nil)
    #expect(
      Diagnostic(error).summary
        == "Cannot read the snapshot `s.envlock`: `s.envlock` member `envlock.json` is invalid: Invalid JSON at line 1, column 1: expected a value"
    )
  }

  @Test func aVeryDeepChainIsCut() {
    var error = Layer(message: "level 0")
    for level in 1...40 { error = Layer(message: "level \(level)", underlying: error) }
    let diagnostic = Diagnostic(error)
    #expect(diagnostic.causes.count == Diagnostic.maximumDepth - 1)
    #expect(diagnostic.message == "level 40")
  }
}
