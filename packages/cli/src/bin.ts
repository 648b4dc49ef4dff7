#!/usr/bin/env node
import { main } from './main.js';

process.exitCode = await main(process.argv.slice(2));
// The command is over: should anything still hold the event loop open (a timer, a
// worker), exit anyway after a grace period rather than hang the terminal.
setTimeout(() => process.exit(), 3000).unref();
