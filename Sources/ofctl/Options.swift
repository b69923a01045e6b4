/// Command-line options, ovs-ofctl style: options may come before or after the command and
/// its arguments (`ofctl -O OpenFlow14 dump-flows br0 --no-stats`).
struct Options {
    var words: [String] = []
    var timeout: Double?
    var strict = false
    var bundle = false
    var noStats = false
    var names = false
    var sort: [SortKey] = []
    var hex = false
    var json = false
    var readOnly = false
    var privateKey: String?
    var certificate: String?
    var caCertificate: String?
    var help = false
    var version = false

    struct SortKey {
        /// nil = priority.
        var field: String?
        var descending: Bool
    }

    static func parse(_ arguments: [String]) throws(OfctlError) -> Options {
        var o = Options()
        var i = 0
        func value(_ name: String, _ inline: String?) throws(OfctlError) -> String {
            if let inline { return inline }
            i += 1
            guard i < arguments.count else { throw .usage("option \(name) needs a value") }
            return arguments[i]
        }
        var onlyWords = false
        while i < arguments.count {
            let arg = arguments[i]
            defer { i += 1 }
            if onlyWords || !arg.hasPrefix("-") || arg == "-" {
                o.words.append(arg)
                continue
            }
            if arg == "--" {
                onlyWords = true
                continue
            }
            var name = arg
            var inline: String?
            if arg.hasPrefix("--"), let eq = arg.firstIndex(of: "=") {
                name = String(arg[..<eq])
                inline = String(arg[arg.index(after: eq)...])
            } else if arg.hasPrefix("-O") && arg.count > 2 {
                name = "-O"
                inline = String(arg.dropFirst(2))
            } else if arg.hasPrefix("-t") && arg.count > 2 && !arg.hasPrefix("--") {
                name = "-t"
                inline = String(arg.dropFirst(2))
            }
            switch name {
            case "-O", "--protocols":
                let v = try value(name, inline)
                let versions = v.split(separator: ",").map(String.init)
                guard versions.allSatisfy({ $0 == "OpenFlow14" }) else {
                    throw .usage(
                        "ofctl speaks OpenFlow 1.4 only; '\(v)' is not supported (use -O OpenFlow14 or leave -O out)")
                }
            case "-t", "--timeout":
                let v = try value(name, inline)
                guard let secs = Double(v), secs > 0 else {
                    throw .usage("--timeout needs a positive number of seconds")
                }
                o.timeout = secs
            case "--strict": o.strict = true
            case "--bundle": o.bundle = true
            case "--no-stats": o.noStats = true
            case "--names": o.names = true
            case "--no-names": o.names = false
            case "--read-only": o.readOnly = true
            case "--hex": o.hex = true
            case "--sort", "--rsort":
                o.sort.append(SortKey(field: inline, descending: name == "--rsort"))
            case "--format", "-f":
                let v = try value(name, inline)
                guard v == "json" || v == "text" else { throw .usage("--format must be json or text") }
                o.json = v == "json"
            case "-p", "--private-key": o.privateKey = try value(name, inline)
            case "-c", "--certificate": o.certificate = try value(name, inline)
            case "-C", "--ca-cert": o.caCertificate = try value(name, inline)
            case "-h", "--help": o.help = true
            case "-V", "--version": o.version = true
            default:
                throw .usage("unknown option '\(arg)' (ofctl --help lists them)")
            }
        }
        return o
    }
}
