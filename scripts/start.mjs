// `npm start`: build when there is no build (or the sources are newer than it), then run the
// compiled production server with plain node. The server migrates (and seeds in demo mode)
// before it serves. Plain JavaScript so it needs nothing but Node.
import { pathToFileURL } from "node:url";
import { ensureBuild, root, serverBundle } from "./ensure-build.mjs";

ensureBuild();
process.env.NODE_ENV = "production";
process.chdir(root);
await import(pathToFileURL(serverBundle).href);
