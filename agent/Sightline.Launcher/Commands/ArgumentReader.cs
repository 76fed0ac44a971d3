namespace Sightline.Launcher.Commands;

/// <summary>
/// Reads <c>--name value</c>, <c>--name=value</c> and <c>--flag</c> options in order; <c>--</c> (or, for <c>run</c>, the
/// first word that is not an option) ends them and the rest is returned untouched.
/// </summary>
internal sealed class ArgumentReader(IReadOnlyList<string> args, IReadOnlySet<string> valueOptions, IReadOnlySet<string> flags)
{
    public Dictionary<string, string> Values { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Flags { get; } = new(StringComparer.Ordinal);

    /// <summary>Reads the options and returns the words after them.</summary>
    public IReadOnlyList<string> Read(string command)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                return args.Skip(i + 1).ToList();
            }

            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                return args.Skip(i).ToList();
            }

            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? arg : arg[..equals];
            if (flags.Contains(name) && equals < 0)
            {
                Flags.Add(name);
            }
            else if (valueOptions.Contains(name))
            {
                if (equals >= 0)
                {
                    Values[name] = arg[(equals + 1)..];
                }
                else if (i + 1 < args.Count)
                {
                    Values[name] = args[++i];
                }
                else
                {
                    throw new LauncherException($"option {name} needs a value. See 'sightline {command} --help'.", ExitCodes.Usage);
                }
            }
            else if (name is "--help" or "-h")
            {
                Flags.Add("--help");
            }
            else
            {
                throw new LauncherException($"unknown option {name} for 'sightline {command}'. See 'sightline {command} --help'.", ExitCodes.Usage);
            }
        }

        return [];
    }

    public string? Value(string name) => Values.TryGetValue(name, out var value) ? value : null;
}
