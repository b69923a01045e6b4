import Foundation

enum FileSystem {
    static func isFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
            && !path.hasSuffix(".mgmt")
    }
}
