/// A failure the demo found in what it saw, not in a tool it ran.
struct DemoError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
