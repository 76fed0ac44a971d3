namespace Shop.Demo;

/// <summary>One line of progress: redrawn in place on a terminal, written once when finished otherwise (a log, a test).</summary>
public sealed class ProgressBar(TextWriter output, string label, int total, bool interactive)
{
    private const int Width = 24;

    private int _done;

    public void Advance(string detail)
    {
        _done++;
        if (interactive)
        {
            output.Write("\r" + Line(detail).PadRight(79));
        }
    }

    public void Finish(string summary)
    {
        var line = Line(summary);
        output.WriteLine(interactive ? "\r" + line.PadRight(79) : line);
    }

    private string Line(string detail)
    {
        var filled = total == 0 ? Width : Math.Min(Width, _done * Width / total);
        return $"  {label,-9}[{new string('#', filled)}{new string('.', Width - filled)}] {_done}/{total}  {detail}";
    }
}
