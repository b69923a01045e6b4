/// Why ofctl stopped, and the exit status that says so: 2 for usage and syntax errors (nothing
/// was sent), 1 for the switch or the connection.
enum OfctlError: Error, CustomStringConvertible {
    case usage(String)
    case syntax(String)
    case failed(String)

    var exitCode: Int32 {
        switch self {
        case .usage, .syntax: 2
        case .failed: 1
        }
    }

    var description: String {
        switch self {
        case .usage(let m), .syntax(let m), .failed(let m): m
        }
    }
}
