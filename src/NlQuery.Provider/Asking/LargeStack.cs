using System.Runtime.ExceptionServices;

namespace NlQuery;

/// <summary>
/// Runs work on a thread with a large stack. The syntax-tree builder and printer recurse once per nesting level and
/// stop cleanly when the stack runs low; on a thread-pool thread (about 1.5 MB) that is a few thousand levels, fewer
/// than the incremental parser (no recursion) and <c>nlq sql check</c> accept. SQL a user types goes through here so
/// that both agree, and the database's own limit (SQLite: expression depth 1000) is the one the user meets.
/// </summary>
internal static class LargeStack
{
    /// <summary>Reserved, not committed, address space: enough for hundreds of thousands of nesting levels.</summary>
    private const int StackBytes = 256 * 1024 * 1024;

    public static T Run<T>(Func<T> work)
    {
        T result = default!;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                result = work();
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
        }, StackBytes) { IsBackground = true, Name = "NlQuery deep statement" };
        thread.Start();
        thread.Join();
        failure?.Throw();
        return result;
    }
}
