import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { isAbsolute } from 'node:path';
import { VideoError } from './errors.ts';

/**
 * FFmpeg and ffprobe come from npm packages that carry static binaries in their tarballs
 * (`@ffmpeg-installer/linux-x64`, `@ffprobe-installer/linux-x64`; their only install script is
 * `chmod`), so `npm ci` installs them with nothing fetched at install or run time. They always run
 * as child processes: a decoder crash or hang on hostile bytes ends a child, never the caller.
 */

const require = createRequire(import.meta.url);

let paths: { ffmpeg: string; ffprobe: string; ffmpegVersion: string; ffprobeVersion: string } | null = null;

/** Where the bundled binaries are; throws a clear error on a platform the packages do not cover. */
export function ffmpegBinaries(): {
  ffmpeg: string;
  ffprobe: string;
  ffmpegVersion: string;
  ffprobeVersion: string;
} {
  if (paths) return paths;
  try {
    const ffmpeg = require('@ffmpeg-installer/ffmpeg') as { path: string; version: string };
    const ffprobe = require('@ffprobe-installer/ffprobe') as { path: string; version: string };
    paths = {
      ffmpeg: ffmpeg.path,
      ffprobe: ffprobe.path,
      ffmpegVersion: ffmpeg.version,
      ffprobeVersion: ffprobe.version,
    };
    return paths;
  } catch (err) {
    // The installer packages throw a bare string on an unsupported platform.
    throw new Error(`FFmpeg is not available on this platform: ${String(err)}`, { cause: err });
  }
}

/** Input options every call uses: local files only, no stdin, quiet. */
export function inputUrl(path: string): string {
  if (!isAbsolute(path)) throw new Error(`expected an absolute path, got ${path}`);
  // `file:` makes the path a file name whatever it contains (a name like `http:x` or `concat:a|b`).
  return `file:${path}`;
}

export const SAFE_INPUT_OPTIONS = ['-protocol_whitelist', 'file'] as const;

export interface RunOptions {
  /** Kill the child after this long; default 60 s. */
  timeoutMs?: number;
  /** Kill the child when its stdout passes this many bytes; default 512 MiB. */
  maxStdoutBytes?: number;
}

export interface RunResult {
  stdout: Buffer;
  stderr: string;
}

/**
 * Runs one of the bundled binaries with an argument array (never a shell string). Rejects with a
 * {@link VideoError} on a non-zero exit, a timeout or too much output; the child is always reaped.
 */
export function runBinary(
  which: 'ffmpeg' | 'ffprobe',
  args: readonly string[],
  opts: RunOptions = {},
): Promise<RunResult> {
  const bin = ffmpegBinaries()[which];
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const maxStdout = opts.maxStdoutBytes ?? 512 * 1024 * 1024;
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'], shell: false });
    const out: Buffer[] = [];
    let outBytes = 0;
    let err = '';
    let failure: VideoError | null = null;
    const kill = (e: VideoError) => {
      failure ??= e;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(
      () => kill(new VideoError('TIMEOUT', `${which} took longer than ${timeoutMs} ms`)),
      timeoutMs,
    );
    child.stdout.on('data', (chunk: Buffer) => {
      outBytes += chunk.length;
      if (outBytes > maxStdout)
        kill(new VideoError('TOO_LARGE', `${which} produced more than ${maxStdout} bytes`));
      else out.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      // Keep the tail only: the useful error is the last line.
      err = (err + chunk.toString('utf8')).slice(-8192);
    });
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`could not start ${which}: ${e.message}`, { cause: e }));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (failure) return reject(failure);
      if (code !== 0) {
        const last = err.trim().split('\n').slice(-3).join(' | ');
        return reject(
          new VideoError('CORRUPT', `${which} failed (${signal ?? `exit ${code}`}): ${last || 'no message'}`),
        );
      }
      resolve({ stdout: Buffer.concat(out), stderr: err });
    });
  });
}
