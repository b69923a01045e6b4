public enum OpenFlowVersion { public static let wire: UInt8 = 0x05 }
