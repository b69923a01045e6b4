/// Who owns a row: the `switchboard-owner` external id names the topology that created (or
/// adopted) it. Rows without it, or with another topology's name, are never touched unless the
/// user adopts them.
public enum Ownership {
    public static let key = "switchboard-owner"
}
