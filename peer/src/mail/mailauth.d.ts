// mailauth ships no types; the one call the tests make.
declare module "mailauth/lib/dkim/verify.js" {
  export function dkimVerify(
    input: string | Buffer,
    options?: { resolver?: (name: string, type: string) => Promise<string[][]> },
  ): Promise<{
    results: {
      status: { result: string; comment?: string };
      signingDomain?: string;
      selector?: string;
      signingHeaders?: { keys: string };
    }[];
  }>;
}
