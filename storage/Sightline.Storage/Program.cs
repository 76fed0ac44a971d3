using Sightline.Storage;

var app = StorageHost.Build(args);
app.Run();
