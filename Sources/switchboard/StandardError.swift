import Foundation

enum FileHandleOutput {
    /// Unbuffered, so a line reaches a file or pipe at once (long-running commands announce their
    /// endpoints this way; `print` would hold them in a block buffer).
    static func standardOutput(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    static func standardError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
