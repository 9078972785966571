// Evaluates every rule of a contract against a snapshot, family by family in contract order.

/// Checks a contract.
public enum ContractChecker {
  /// Evaluates every rule the contract declares; never throws: problems become failed rules.
  public static func check(_ contract: Contract, _ input: CheckInput) -> CheckReport {
    var rules: [RuleResult] = []
    if let r = contract.interpreter { rules += InterpreterCheck.run(r, input) }
    if let r = contract.dependencies { rules += DependencyCheck.run(r, input) }
    if let r = contract.packaging { rules += PackagingCheck.run(r, input) }
    if let r = contract.schemas { rules += SchemaCheck.run(r, input) }
    if let r = contract.performance { rules += PerformanceCheck.run(r, input) }
    if let r = contract.tests { rules += CoverageCheck.run(r, input) }
    if let r = contract.resources { rules += ResourceCheck.run(r, input) }
    if let r = contract.environment { rules += EnvironmentCheck.run(r, input) }
    return CheckReport(
      contract: contract.file, snapshot: input.label, target: input.targetLabel, rules: rules)
  }
}
