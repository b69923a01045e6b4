/// The release both executables report with `--version`.
public enum SwitchboardVersion {
    public static let string = "0.1.0-dev"
}
