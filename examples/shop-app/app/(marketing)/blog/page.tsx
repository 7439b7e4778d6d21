export const revalidate = 300

export default async function Blog() {
  return <h1>Journal</h1>
}
