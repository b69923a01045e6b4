import OpenFlow
import Topology

/// Compiles one bridge's plugins and rules into flows and groups in `Pipeline`'s tables. Pure: the
/// same input gives the same output, in the same order, so a re-plan of an unchanged topology is
/// empty.
public struct PolicyCompiler: Sendable {
    public init() {}

    public func compile(_ policy: BridgePolicy) throws(PolicyCompilationError) -> CompiledPolicy {
        // No rules still means a pipeline: the bridge is Switchboard's and forwards with NORMAL.
        // Checked before anything is compiled: past the limit the rules' priorities would leave
        // their band, and compiling sixty thousand rules only to refuse them took most of a minute.
        if policy.rules.count > PriorityBand.maximumRules {
            let first = policy.rules[PriorityBand.maximumRules]
            throw PolicyCompilationError(diagnostics: [
                PolicyDiagnostic(
                    .error,
                    "a bridge takes at most \(PriorityBand.maximumRules) rules; this is rule "
                        + "\(PriorityBand.maximumRules + 1) of \(policy.rules.count)",
                    at: first.location,
                    hint: "split the rules over several bridges, or merge rules that share an action")
            ])
        }
        var emitter = FlowEmitter(policy: policy)
        emitter.emitPipeline()
        for (index, rule) in policy.rules.enumerated() {
            emitter.compile(rule, index: index)
        }
        emitter.emitSupportFlows()
        emitter.emitMACLearning()
        emitter.warnAboutShadowedRules()
        emitter.rejectSharedStatelessTargets()
        let errors = emitter.diagnostics.filter { $0.severity == .error }
        guard errors.isEmpty else { throw PolicyCompilationError(diagnostics: emitter.diagnostics) }
        let compiled = CompiledPolicy(
            flows: emitter.flows, groups: emitter.groups,
            warnings: emitter.diagnostics.filter { $0.severity == .warning }, awaitingMAC: emitter.awaitingMAC,
            macLearners: emitter.macLearners)
        let problems = emitter.pipelineProblems + PipelineCheck.check(compiled)
        guard problems.isEmpty else { throw PolicyCompilationError(diagnostics: problems) }
        return compiled
    }
}
