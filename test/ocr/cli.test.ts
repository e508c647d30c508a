// sealwatch ocr IMAGE...: one JSON line per image on stdout, in order, `file` exactly as given,
// containerNo null when nothing is readable; nothing else on stdout (the recogniser's own messages
// must not reach it). Pictures from the benchmark's generator, kept clean: the test is of the
// command, the benchmark measures accuracy.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { blankDoor, doorImage } from '../../bench/lib/door-images.ts';

const CLEAN = { tiltDeg: 2, blurPx: 0, noise: 2, jpegQuality: 85 };

function run(args: string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [resolve('bin/sealwatch.js'), 'ocr', ...args], { cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

test('sealwatch ocr prints one line per picture: file as given, the number, null when none', { timeout: 180_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ocr-'));
  try {
    const a = doorImage(7, 2, CLEAN);
    const b = doorImage(7, 3, CLEAN);
    writeFileSync(join(dir, 'door a.jpg'), a.bytes);
    // The same door as a PNG: any format the decoder knows.
    const img = await loadImage(b.bytes);
    const canvas = createCanvas(img.width, img.height);
    canvas.getContext('2d').drawImage(img, 0, 0);
    writeFileSync(join(dir, 'b.png'), canvas.toBuffer('image/png'));
    writeFileSync(join(dir, 'blank.jpg'), blankDoor(3));
    writeFileSync(join(dir, 'notes.txt'), 'not a picture');

    const files = ['./door a.jpg', join(dir, 'b.png'), 'blank.jpg', 'notes.txt'];
    const { code, stdout, stderr } = await run(files, dir);
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(lines.length, 4, `one line per file:\n${stdout}\n${stderr}`);
    assert.deepEqual(lines.map((l) => l.file), files, 'file exactly as given, in order');

    assert.equal(lines[0].containerNo, a.containerNo);
    assert.ok(lines[0].confidence > 0.5 && lines[0].confidence <= 1);
    assert.equal(lines[1].containerNo, b.containerNo);
    assert.equal(lines[1].plate, b.plate, 'the plate on the bumper, stored form');

    assert.deepEqual(lines[2], { file: 'blank.jpg', containerNo: null, confidence: 0 });
    assert.equal(lines[3].containerNo, null);
    assert.match(lines[3].error, /not an image/);
    assert.equal(code, 1, 'a file that is no picture makes the command fail, after every line is printed');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('sealwatch ocr without pictures prints its usage and fails', async () => {
  const { code, stdout, stderr } = await run([], tmpdir());
  assert.equal(code, 2);
  assert.equal(stdout, '');
  assert.match(stderr, /usage: sealwatch ocr/);
});
