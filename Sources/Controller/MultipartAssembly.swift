import OpenFlow

/// Joins the parts of a multipart reply sent across REPLY_MORE into one value. Array bodies
/// concatenate; a body that cannot be split (desc, aggregate, features) arriving twice is an error.
extension MultipartReply.Body {
    func appending(_ next: MultipartReply.Body) -> MultipartReply.Body? {
        switch (self, next) {
        case (.flow(let a), .flow(let b)): .flow(a + b)
        case (.table(let a), .table(let b)): .table(a + b)
        case (.portStats(let a), .portStats(let b)): .portStats(a + b)
        case (.queueStats(let a), .queueStats(let b)): .queueStats(a + b)
        case (.group(let a), .group(let b)): .group(a + b)
        case (.groupDesc(let a), .groupDesc(let b)): .groupDesc(a + b)
        case (.meter(let a), .meter(let b)): .meter(a + b)
        case (.meterConfig(let a), .meterConfig(let b)): .meterConfig(a + b)
        case (.tableFeatures(let a), .tableFeatures(let b)): .tableFeatures(a + b)
        case (.portDesc(let a), .portDesc(let b)): .portDesc(a + b)
        case (.tableDesc(let a), .tableDesc(let b)): .tableDesc(a + b)
        case (.queueDesc(let a), .queueDesc(let b)): .queueDesc(a + b)
        case (.flowMonitor(let a), .flowMonitor(let b)): .flowMonitor(a + b)
        default: nil
        }
    }
}

extension MultipartReply.Body {
    /// Appends `next` in place. Flow stats (the large case: 100,000 flows arrive in hundreds of
    /// parts) grow one array instead of copying the whole so-far reply per part, which made
    /// joining quadratic. Other bodies use `appending`.
    mutating func append(_ next: MultipartReply.Body) -> Bool {
        if case .flow(let more) = next, case .flow(var flows) = self {
            self = .flow([])  // drop our reference so `flows` is uniquely owned
            flows.append(contentsOf: more)
            self = .flow(flows)
            return true
        }
        guard let joined = appending(next) else { return false }
        self = joined
        return true
    }
}
