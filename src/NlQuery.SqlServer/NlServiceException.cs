using System;

namespace NlQuery.SqlServer
{
    /// <summary>
    /// The NlQuery service could not give an answer: not running, too slow, refused the question, or sent something
    /// that is not an answer. The message is one line meant for the person who ran the T-SQL.
    /// </summary>
    public sealed class NlServiceException : Exception
    {
        public NlServiceException(string message)
            : base(message)
        {
        }

        public NlServiceException(string message, Exception inner)
            : base(message, inner)
        {
        }
    }
}
