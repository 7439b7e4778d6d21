export default async function Category({ params }: { params: Promise<{ path: string[] }> }) {
  const { path } = await params
  return <h1>{path.join(' / ')}</h1>
}
