/// A TLS file that could not be read or used, with the files named.
public struct TLSFilesError: Error, Sendable, Hashable, CustomStringConvertible {
    public var description: String

    public init(description: String) {
        self.description = description
    }
}
