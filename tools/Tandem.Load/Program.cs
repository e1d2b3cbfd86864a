using Tandem.Load;

return await LoadCommands.RunAsync(args).ConfigureAwait(false);
