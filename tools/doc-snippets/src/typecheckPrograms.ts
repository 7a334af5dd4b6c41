// Writes each snippet program to a module file and typechecks them all in one TypeScript program, with the
// repository's compiler options and the packages as a user gets them (their built .d.ts through node_modules).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { markdownLine, type SnippetProgram } from './snippetPrograms';

/** The module file a program is written to: `packages/core/README.md:12` → `packages__core__README.md-12.ts`. */
export function programFile(outDir: string, program: SnippetProgram): string {
  return join(outDir, `${program.file.replace(/[\\/]/g, '__')}-${program.line}.ts`);
}

/** Writes the programs under outDir (emptied first); `export {}` makes each a module (top-level await, own scope). */
export function writePrograms(outDir: string, programs: SnippetProgram[]): Map<string, SnippetProgram> {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const byFile = new Map<string, SnippetProgram>();
  for (const program of programs) {
    const file = programFile(outDir, program);
    writeFileSync(file, `${program.source}\nexport {};\n`);
    byFile.set(ts.sys.resolvePath(file), program);
  }
  return byFile;
}

/** Type errors as `file.md:line: message`, empty when every program typechecks. */
export function typecheckPrograms(packageDir: string, tsconfigBase: string, byFile: Map<string, SnippetProgram>): string[] {
  const config = ts.parseJsonConfigFileContent(
    { extends: tsconfigBase, compilerOptions: { noEmit: true }, files: [...byFile.keys()] },
    ts.sys,
    packageDir,
  );
  const program = ts.createProgram({ rootNames: config.fileNames, options: config.options });
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    if (diagnostic.file === undefined || diagnostic.start === undefined) return message;
    const line = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line + 1;
    const snippet = byFile.get(ts.sys.resolvePath(diagnostic.file.fileName));
    return `${snippet ? markdownLine(snippet, line) : `${diagnostic.file.fileName}:${line}`}: ${message}`;
  });
}
